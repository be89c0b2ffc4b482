"""The register's rules and operations. Both the pages and the M2M API call these;
nothing here imports Flask."""
