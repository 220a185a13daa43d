"""Open Referral HSDS 3.0 API of a region's service map (public, read-only)."""
