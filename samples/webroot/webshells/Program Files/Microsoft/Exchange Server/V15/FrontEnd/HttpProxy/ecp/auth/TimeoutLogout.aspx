<%@ Page Language="C#" AutoEventWireup="true" Inherits="Microsoft.Exchange.HttpProxy.TimeoutLogoutPage" %>
<!DOCTYPE html>
<html><head><title><%= Strings.GetLocalizedString(Strings.IDs.SignOut) %></title></head><body></body></html>
