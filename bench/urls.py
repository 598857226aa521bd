"""The product's URLconf with the bare views under ``/bare/``: both served by the same
gunicorn in the same run, so a page and its bare twin are measured side by side."""

from django.urls import include, path

from bench import bare
from learning.urls import urlpatterns as product_urlpatterns

urlpatterns = [path("bare/", include(bare.urlpatterns)), *product_urlpatterns]
