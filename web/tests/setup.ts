import { cleanup } from "@testing-library/react";
import { afterEach } from "vitest";

// Testing Library unmounts automatically only with global test functions; this suite imports them.
afterEach(() => cleanup());
