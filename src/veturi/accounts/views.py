from django.contrib.auth import views as auth_views
from django.utils.translation import gettext as _

from veturi.accounts import throttle


class ThrottledLoginView(auth_views.LoginView):
    """Django's login, locking a username out for a while after repeated wrong passwords."""

    def post(self, request, *args, **kwargs):
        username = request.POST.get("username", "")
        address = throttle.client_address(request)
        if throttle.is_locked_out(username, address):
            form = self.get_form()
            form.errors.clear()
            form.add_error(
                None,
                _("Too many failed attempts. Try again in %(minutes)d minutes.") % {"minutes": throttle.LOCKOUT_SECONDS // 60},
            )
            response = self.render_to_response(self.get_context_data(form=form, locked_out=True))
            response.status_code = 429
            return response
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        throttle.record_failure(self.request.POST.get("username", ""), throttle.client_address(self.request))
        return super().form_invalid(form)

    def form_valid(self, form):
        throttle.record_success(form.get_user().get_username(), throttle.client_address(self.request))
        return super().form_valid(form)
