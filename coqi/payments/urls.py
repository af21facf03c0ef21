from django.urls import path

from coqi.payments import views

app_name = "payments"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("mine/", views.my_claims, name="mine"),
    path("mine/attendances/<id:attendance_id>/claim/", views.claim_payment, name="claim-payment"),
    path("mine/expenses/new/", views.expense_new, name="expense-new"),
    path("lines/<id:line_id>/", views.payment_line, name="line"),
    path("expenses/<id:expense_id>/", views.expense_claim, name="expense"),
    path("expenses/<id:expense_id>/receipt/", views.receipt, name="receipt"),
    path("activities/<id:activity_id>/lines/", views.create_lines, name="create-lines"),
    path("rates/", views.rate_cards, name="rates"),
    path("export.csv", views.export_csv, name="export"),
]
