"""Pure business rules of cx_experience: no database, unit-tested on their own."""
