"""The pure core: questionnaires, their engine and checks, and the law they explain. No Flask here."""
