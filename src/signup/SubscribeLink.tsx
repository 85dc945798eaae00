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
      {
        pathname: location.pathname,
        search: search ? `?${search}` : "",
        hash: location.hash === "#subscribe" ? "" : location.hash,
      },
      { replace: true, state: { keepScroll: true } },
    );
    // A link followed inside the app keeps focus, so focus can go back to it on close.
    const active = document.activeElement;
    open(active instanceof HTMLElement && active !== document.body ? active : null);
  }, [location, navigate, open]);
  return null;
}
