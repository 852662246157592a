"""The demo fiscal year: its generator, its progress reports and the use case that loads it."""
