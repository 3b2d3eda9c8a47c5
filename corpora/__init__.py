# Data shipped with mtqa (installed as the package mtqa.corpora). See PROVENANCE.md.
