"""Training (培训与提升): courses that raise skills, and the skill-level history (issue 10)."""
