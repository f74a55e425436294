"""Fachverfahren (Back-office-Systeme) hinter Ports; die Referenzimplementierung liegt in `referenz`."""
