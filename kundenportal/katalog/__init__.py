"""Katalogseiten: Leitfäden, Fassungen, Diff, Weisungen."""
