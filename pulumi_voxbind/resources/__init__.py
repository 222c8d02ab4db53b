"""Pulumi resources: one module or folder per resource, shared provider plumbing beside them."""
