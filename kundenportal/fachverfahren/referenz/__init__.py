"""Die eingebetteten Referenzsysteme: vollständige, persistente Adapter für jeden Port."""
