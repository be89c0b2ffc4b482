"""Flask-WTF forms, one module per blueprint. They parse; the rules are in domain/."""
