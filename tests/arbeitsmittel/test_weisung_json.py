"""`kundenportal katalog weisung 202003006 --json`: die Weisung mit allen Arbeitsmitteln als ein JSON-Dokument."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import WURZEL


def test_weisung_als_json_mit_allen_arten() -> None:
    lauf = subprocess.run([sys.executable, "-m", "kundenportal.cli", "katalog", "weisung", "202003006", "--json"],
                          capture_output=True, text=True, cwd=WURZEL, check=False)
    assert lauf.returncode == 0, lauf.stderr
    dokument = json.loads(lauf.stdout)
    assert dokument["nummer"] == "202003006"
    arten = {a["art"] for a in dokument["arbeitsmittel"]}
    assert arten == {"leitfaden", "emb_arbeitshilfe", "eservice", "baustein", "aufgabensteckbrief", "qs_anlage",
                     "fuehrungsprozess_anlage"}
    for a in dokument["arbeitsmittel"]:
        assert {"art", "nummer", "titel", "stand", "gueltig_ab", "regeln"} <= set(a)
    qs221 = next(a for a in dokument["arbeitsmittel"] if a["nummer"] == "2.2.1")
    assert qs221["stand"] == "2020-03-20" and "2.2 a) 5" in qs221["regeln"] and qs221["vorgaenger"] == "2019-12-20"
    sc3017 = next(a for a in dokument["arbeitsmittel"] if a["nummer"] == "SC 3.017")
    assert "2.2 a) 5" in sc3017["regeln"]
    assert not any(a["nummer"] == "2.2.5" for a in dokument["arbeitsmittel"])   # 2.2.5 unverändert
