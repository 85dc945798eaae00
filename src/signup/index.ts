export { SignupCallout } from "./SignupCallout.tsx";
export { SignupProvider } from "./SignupProvider.tsx";
export { SubscribeButton } from "./SubscribeButton.tsx";
export { SubscribeLink } from "./SubscribeLink.tsx";
export { DailyHeadlinesLink } from "./DailyHeadlinesLink.tsx";
