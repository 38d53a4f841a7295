"""The local web app (``newsledger serve``): search statements, browse speakers and entities with
their timelines, read articles with their statements highlighted, and add articles."""

from newsledger.web.app import create_app

__all__ = ["create_app"]
