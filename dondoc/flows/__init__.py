"""Prefect flows, deployments, serve, and the command line: the only package that imports prefect."""
