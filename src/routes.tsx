import { Route, Routes } from "react-router-dom";
import { FrontPage } from "./front/FrontPage.tsx";
import { Layout } from "./Layout.tsx";
import { StoryPage } from "./story/StoryPage.tsx";
import { NotFound } from "./ui/NotFound.tsx";

/** Every page of the reader, in one place. */
export function Pages() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={<FrontPage />} />
        <Route path="articles/:slug" element={<StoryPage />} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
