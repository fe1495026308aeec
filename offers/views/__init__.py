"""Offer pages (offers.py), enquiries (enquiries.py), recommendations (recommendations.py)."""
