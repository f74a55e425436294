"""Die API-Doku unter /api/docs/ als Seite der App-Hülle (statt Swagger UI, das axe-core wegen
verschachtelter Bedienelemente, fehlender Sprache und Kontrast nicht besteht): jede Operation aus dem
OpenAPI-Schema mit Methode, Pfad, Parametern, Anfrage- und Antwortstatus; das Schema selbst bleibt
unter /api/schema/ (für Werkzeuge wie Swagger Editor oder Postman)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja.openapi.docs import DocsBase

if TYPE_CHECKING:
    from ninja import NinjaAPI

METHODEN = ("get", "post", "put", "patch", "delete")


def _operationen(schema: dict[str, Any]) -> list[dict[str, Any]]:
    zeilen = []
    for pfad, eintrag in schema.get("paths", {}).items():
        for methode in METHODEN:
            op = eintrag.get(methode)
            if not op:
                continue
            zeilen.append({
                "methode": methode.upper(), "pfad": pfad, "titel": op.get("summary") or op.get("operationId", ""),
                "text": op.get("description", ""), "bereich": (op.get("tags") or ["Allgemein"])[0],
                "anker": op.get("operationId", f"{methode}-{pfad}"),
                "parameter": [{"name": p.get("name"), "ort": p.get("in"), "pflicht": p.get("required", False),
                               "text": p.get("description", "")} for p in op.get("parameters", [])],
                "koerper": bool(op.get("requestBody")),
                "antworten": [{"status": s, "text": a.get("description", "")}
                              for s, a in sorted(op.get("responses", {}).items())],
            })
    return zeilen


class Doku(DocsBase):
    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        schema = api.get_openapi_schema(path_params=kwargs)
        operationen = _operationen(dict(schema))
        bereiche: dict[str, list[dict[str, Any]]] = {}
        for op in operationen:
            bereiche.setdefault(op["bereich"], []).append(op)
        return render(request, "api/doku.html", {
            "info": schema.get("info", {}), "bereiche": bereiche,
            "schema_url": self.get_openapi_url(api, kwargs)})
