from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "coqi.payments"
    label = "payments"
    verbose_name = "Involvement payments and expenses"
