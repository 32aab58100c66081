"""The analytics core of Veturi: plain Python over plain data, never Django.

Every module here can be imported and called from a notebook without a database.
"""
