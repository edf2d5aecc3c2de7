"""pelican"""
