"""The demo park: Kolmenkulma and Tarastenjärvi, loaded from the data files in veturi/data/demo."""
