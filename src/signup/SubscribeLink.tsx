import { useEffect } from "react";
import { useLocation, useNavigate } from "react-router-dom";
import { useSignupDialog } from "./SignupProvider.tsx";

/** Opens the dialog when a link asks for it with `?subscribe` or `#subscribe`. */
export function SubscribeLink() {
  const location = useLocation();
  const navigate = useNavigate();
  const { open } = useSignupDialog();
  useEffect(() => {
    const params = new URLSearchParams(location.search);
    if (!params.has("subscribe") && location.hash !== "#subscribe") return;
    params.delete("subscribe");
    const search = params.toString();
    // Tidy the address so a reload or a shared link does not reopen it unasked.
    void navigate(
      { pathname: location.pathname, search: search ? `?${search}` : "", hash: location.hash === "#subscribe" ? "" : location.hash },
      { replace: true, state: { keepScroll: true } },
    );
    open(null);
  }, [location, navigate, open]);
  return null;
}
