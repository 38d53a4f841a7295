"""Events: who did what to whom, with what, when; and the arms-transfer records built from them."""
