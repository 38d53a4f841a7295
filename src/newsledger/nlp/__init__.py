"""The text stages: debris marking, quotation pairing, statements, speakers and entities. Each is
pure; the spaCy components that run them live in ``newsledger.pipeline``."""
