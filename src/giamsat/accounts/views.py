from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from giamsat.accounts.forms import PasswordChangeForm, TokenForm
from giamsat.accounts.services import describe_tokens, password_change, token_create, token_revoke
from giamsat.accounts.totp import provisioning, totp_allowed, totp_begin, totp_confirm, totp_disable, totp_enabled
from giamsat.core.errors import ApplicationError


def profile(request):
    tokens = request.user.api_tokens.order_by("-created_at")
    return render(request, "accounts/profile.html", {
        "nav": "account", "tokens": tokens, "form": TokenForm(), "totp_allowed": totp_allowed(request.user),
        "totp_enabled": totp_enabled(request.user),
    })


@require_http_methods(["GET", "POST"])
def password_change_view(request):
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            revoked = password_change(user=request.user, old_password=form.cleaned_data["old_password"],
                                      new_password=form.cleaned_data["new_password"],
                                      revoke_tokens=form.cleaned_data["revoke_tokens"])
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            update_session_auth_hash(request, request.user)
            messages.success(request, "Đã đổi mật khẩu.")
            if revoked:
                messages.info(request, f"Đã thu hồi {len(revoked)} khóa API: {describe_tokens(revoked)}.")
            return redirect("web:home")
    return render(request, "accounts/password_change.html", {"nav": "account", "form": form})


@require_POST
def token_new(request):
    form = TokenForm(request.POST)
    if form.is_valid():
        token, raw = token_create(user=request.user, **form.cleaned_data)
        # Shown once, never stored in clear: the page is not cached and the value is not in any cookie.
        response = render(request, "accounts/token_created.html", {"nav": "account", "token": token, "raw": raw})
        response["Cache-Control"] = "no-store"
        return response
    return redirect("accounts:profile")


@require_POST
def token_revoke_view(request, pk: int):
    try:
        token_revoke(user=request.user, token_id=pk)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Đã thu hồi khóa API.")
    return redirect("accounts:profile")


@require_http_methods(["GET", "POST"])
def totp_setup(request):
    context = {"nav": "account", "enabled": totp_enabled(request.user)}
    action = request.POST.get("action")
    try:
        if action == "begin":
            device = totp_begin(user=request.user)
            context["uri"], context["qr"] = provisioning(device)
            context["secret"] = device.secret
        elif action == "confirm":
            totp_confirm(user=request.user, code=request.POST.get("code", ""))
            messages.success(request, "Đã bật xác thực hai bước. Từ lần đăng nhập sau cần nhập mã trên điện thoại.")
            return redirect("accounts:profile")
        elif action == "disable":
            totp_disable(user=request.user, code=request.POST.get("code", ""))
            messages.success(request, "Đã tắt xác thực hai bước.")
            return redirect("accounts:profile")
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("accounts:totp")
    response = render(request, "accounts/totp.html", context)
    response["Cache-Control"] = "no-store"
    return response
