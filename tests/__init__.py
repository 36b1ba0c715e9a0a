"""Template tests: generation, validation, engine, wizard and the generated projects' own gates."""
