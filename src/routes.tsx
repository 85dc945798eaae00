import type { RouteObject } from "react-router-dom";
import { FrontPage } from "./front/FrontPage.tsx";
import { Layout } from "./Layout.tsx";
import { StoryPage } from "./story/StoryPage.tsx";
import { NotFound } from "./ui/NotFound.tsx";
import { RouteError } from "./ui/RouteError.tsx";

/** Every page of the reader, in one place. */
export const routes: RouteObject[] = [
  {
    element: <Layout />,
    children: [
      {
        errorElement: <RouteError />,
        children: [
          { index: true, element: <FrontPage /> },
          { path: "articles/:slug", element: <StoryPage /> },
          { path: "*", element: <NotFound /> },
        ],
      },
    ],
  },
];
