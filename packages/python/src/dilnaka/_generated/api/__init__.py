# Empty on purpose: generators/python/config.yaml generates models only, no API classes
# (openapi-generator always writes this package marker with the __init__.py supporting file).
