"""Archive-scale audits on a Dask cluster."""
