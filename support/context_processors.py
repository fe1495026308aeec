from django.conf import settings


def service(request) -> dict:
    """The service's contact details (settings) for the footer and the service pages."""
    return {
        "service_contact": {
            "email": settings.SERVICE_CONTACT_EMAIL,
            "phone": settings.SERVICE_CONTACT_PHONE,
            "hours": settings.SERVICE_CONTACT_HOURS,
            "organisation": settings.SERVICE_ORGANISATION,
            "data_protection_email": settings.DATA_PROTECTION_EMAIL,
        }
    }
