"""Die schreibenden Dienste der Redaktion (house style, habit 3): jeder mit eigener Transaktion und
Protokolleintrag."""
