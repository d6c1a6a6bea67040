"""What tests/, bench/ and scripts/ share: the golden and hostile query sets, a throwaway PostgreSQL
cluster and the Chromium launch. It imports none of the three, so none of them imports another."""
