from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "coqi.payments"
    label = "payments"
    verbose_name = "Involvement payments and expenses"

    def ready(self) -> None:
        from coqi.core.demo import register_demo
        from coqi.payments import home  # noqa: F401  menu items and next steps
        from coqi.payments import hooks  # noqa: F401  payment lines made when attendance is recorded
        from coqi.payments.demo import load_payments_demo

        register_demo(load_payments_demo, order=60)
