"""Der Kern: Leitfäden laden, prüfen, auflösen und ausführen — ohne Django (house style, habit 1)."""
