"""Authentication, principals and rate limits of the service."""
