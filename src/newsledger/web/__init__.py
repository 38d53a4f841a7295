"""The local web app (``newsledger serve``): search statements; browse events, arms transfers,
articles and entities with facets, sorting, paging and downloads; see speakers and entities with
their timelines; read articles with their statements highlighted; and add articles."""

__all__ = ["create_app"]


def __getattr__(name: str):
    # The app (Starlette, the ledger) loads on first use, so that `newsledger --help`, which
    # registers `serve` from this package, stays quick.
    if name == "create_app":
        from newsledger.web.app import create_app

        return create_app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
