"""Static site generator for a district government's 政务公开 (disclosure) website."""
