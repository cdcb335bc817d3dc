"""Reports of evenings, hosts and guests, and how moderators resolve them."""
