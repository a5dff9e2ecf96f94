"""Sources: the program model, readers for each kind of dropped file, and intake."""
