"""How good extraction is: predicted facts scored against hand-checked gold facts (score)."""
