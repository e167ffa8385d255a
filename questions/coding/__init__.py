"""Coding questions: the runner the browser and the test suite share (runner.py), and running it
with plain Python for checks on the server side (checking.py). Candidates' code never runs on the
server: only the bank's own reference solutions and starter code do, in the test suite."""
