"""Der Kern: Leitfäden laden, prüfen, auflösen und ausführen — ohne Django (docs/hausstil.md, Gewohnheit 1)."""
