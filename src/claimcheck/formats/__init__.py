"""Output formats for reports: text for people; JSON, JUnit, SARIF and GitHub for machines."""
