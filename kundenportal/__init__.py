"""kundenportal — ausführbare Gesprächsleitfäden für das Kundenportal der BA."""
