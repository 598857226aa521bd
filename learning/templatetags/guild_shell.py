from django import template

from learning import registry

register = template.Library()


@register.simple_tag(takes_context=True)
def guild_nav_items(context):
    request = context.get("request")
    return registry.nav_items(request) if request is not None else []


@register.simple_tag(takes_context=True)
def guild_home_panels(context):
    request = context.get("request")
    return registry.home_panels(request) if request is not None else []
