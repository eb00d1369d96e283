"""Stage 4, render: pure functions from the model (or findings) to text and files' contents."""
