"""Full screens of the app: login and help."""
