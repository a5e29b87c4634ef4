import { lazy, type ReactNode, Suspense } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { actorOf } from './auth/actor.ts';
import { homePathFor } from './auth/navigation.ts';
import { SessionProvider, useSession } from './auth/session.tsx';
import { AppFrame } from './components/AppFrame.tsx';
import { RedirectIfSignedIn, RequireAuth } from './components/RequireAuth.tsx';
import { ThemeFromPreferences } from './components/ThemeFromPreferences.tsx';
import { UpdatePrompt } from './pwa/UpdatePrompt.tsx';

// Each screen is its own chunk: signing in downloads the sign-in form, not the admin console.
const SignInPage = lazy(() => import('./routes/auth/SignInPage.tsx'));
const RegisterPage = lazy(() => import('./routes/auth/RegisterPage.tsx'));
const VerifyEmailPage = lazy(() => import('./routes/auth/VerifyEmailPage.tsx'));
const ForgotPasswordPage = lazy(() => import('./routes/auth/ForgotPasswordPage.tsx'));
const ResetPasswordPage = lazy(() => import('./routes/auth/ResetPasswordPage.tsx'));
const AcceptInvitationPage = lazy(() => import('./routes/invitations/AcceptInvitationPage.tsx'));
const AccountLayout = lazy(() => import('./routes/account/AccountLayout.tsx'));
const ProfilePage = lazy(() => import('./routes/account/ProfilePage.tsx'));
const SessionsPage = lazy(() => import('./routes/account/SessionsPage.tsx'));
const SecurityPage = lazy(() => import('./routes/account/SecurityPage.tsx'));
const DevicePage = lazy(() => import('./routes/account/DevicePage.tsx'));
const BooksPage = lazy(() => import('./routes/books/BooksPage.tsx'));
const BookPage = lazy(() => import('./routes/books/BookPage.tsx'));
// The editor chunk (TipTap, Yjs, the sync client): only this route downloads it.
const ChapterPage = lazy(() => import('./routes/books/ChapterPage.tsx'));
const VersionsPage = lazy(() => import('./routes/books/VersionsPage.tsx'));
const ExportsPage = lazy(() => import('./routes/books/exports/ExportsPage.tsx'));
const AssignmentsPage = lazy(() => import('./routes/work/AssignmentsPage.tsx'));
const DashboardPage = lazy(() => import('./routes/work/DashboardPage.tsx'));
const UsersPage = lazy(() => import('./routes/admin/UsersPage.tsx'));
const AuditPage = lazy(() => import('./routes/admin/AuditPage.tsx'));
const SearchPage = lazy(() => import('./routes/search/SearchPage.tsx'));
const NotFoundPage = lazy(() => import('./routes/NotFoundPage.tsx'));

function Screen({ children }: { children: ReactNode }) {
  return (
    <Suspense
      fallback={
        <p className="loading" role="status">
          Loading…
        </p>
      }
    >
      {children}
    </Suspense>
  );
}

function Home() {
  const { state } = useSession();
  return state.status === 'signed-in' ? <Navigate to={homePathFor(actorOf(state.user))} replace /> : null;
}

const publicOnly = (page: ReactNode) => (
  <RedirectIfSignedIn>
    <Screen>{page}</Screen>
  </RedirectIfSignedIn>
);

export function App() {
  return (
    <SessionProvider>
      <ThemeFromPreferences />
      <BrowserRouter>
        <Routes>
          <Route path="/sign-in" element={publicOnly(<SignInPage />)} />
          <Route path="/register" element={publicOnly(<RegisterPage />)} />
          <Route path="/forgot-password" element={publicOnly(<ForgotPasswordPage />)} />
          <Route
            path="/reset-password"
            element={
              <Screen>
                <ResetPasswordPage />
              </Screen>
            }
          />
          <Route
            path="/verify-email"
            element={
              <Screen>
                <VerifyEmailPage />
              </Screen>
            }
          />
          {/* Open to everyone: a signed-out invitee signs in or registers from it and comes back. */}
          <Route
            path="/invitations/accept"
            element={
              <Screen>
                <AcceptInvitationPage />
              </Screen>
            }
          />
          <Route
            element={
              <RequireAuth>
                <AppFrame />
              </RequireAuth>
            }
          >
            <Route index element={<Home />} />
            <Route
              path="books"
              element={
                <Screen>
                  <BooksPage />
                </Screen>
              }
            />
            <Route
              path="books/:id"
              element={
                <Screen>
                  <BookPage />
                </Screen>
              }
            />
            <Route
              path="books/:id/versions"
              element={
                <Screen>
                  <VersionsPage />
                </Screen>
              }
            />
            <Route
              path="books/:id/exports"
              element={
                <Screen>
                  <ExportsPage />
                </Screen>
              }
            />
            <Route
              path="books/:bookId/chapters/:chapterId"
              element={
                <Screen>
                  <ChapterPage />
                </Screen>
              }
            />
            <Route
              path="assignments"
              element={
                <Screen>
                  <AssignmentsPage />
                </Screen>
              }
            />
            <Route
              path="dashboard"
              element={
                <Screen>
                  <DashboardPage />
                </Screen>
              }
            />
            <Route
              path="search"
              element={
                <Screen>
                  <SearchPage />
                </Screen>
              }
            />
            <Route
              path="account"
              element={
                <Screen>
                  <AccountLayout />
                </Screen>
              }
            >
              <Route
                index
                element={
                  <Screen>
                    <ProfilePage />
                  </Screen>
                }
              />
              <Route
                path="sessions"
                element={
                  <Screen>
                    <SessionsPage />
                  </Screen>
                }
              />
              <Route
                path="security"
                element={
                  <Screen>
                    <SecurityPage />
                  </Screen>
                }
              />
              <Route
                path="device"
                element={
                  <Screen>
                    <DevicePage />
                  </Screen>
                }
              />
            </Route>
            <Route
              path="admin/users"
              element={
                <Screen>
                  <UsersPage />
                </Screen>
              }
            />
            <Route
              path="admin/audit"
              element={
                <Screen>
                  <AuditPage />
                </Screen>
              }
            />
            <Route
              path="*"
              element={
                <Screen>
                  <NotFoundPage />
                </Screen>
              }
            />
          </Route>
        </Routes>
      </BrowserRouter>
      <UpdatePrompt />
    </SessionProvider>
  );
}
